import smtplib
server = smtplib.SMTP('smtp.office365.com', 587
server.login('x@contoso.com', 'R365CANARY-pysmtp-broken')
