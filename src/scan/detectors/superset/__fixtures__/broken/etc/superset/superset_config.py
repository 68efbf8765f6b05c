SMTP_HOST = "mail.contoso.com
SMTP_PORT = 25
SMTP_USER = "superset"
SMTP_PASSWORD = 'R365CANARY-superset-broken
SMTP_MAIL_FROM = (
