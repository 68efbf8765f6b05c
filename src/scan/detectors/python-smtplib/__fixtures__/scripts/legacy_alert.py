import os
import smtplib

# s = smtplib.SMTP('mail.contoso.local', 25)
s = smtplib.SMTP_SSL('smtp.live.com', 465)
s.login('alerts@hotmail.com', os.environ['ALERT_PASSWORD'])
s.sendmail('alerts@hotmail.com', ['it@contoso.com'], 'Subject: disk full\n\nSee the monitoring page.')
s.quit()
