# Fill in and copy to your PYTHONPATH
SMTP_HOST = "your-smtp-server"
SMTP_USER = "changeme"
SMTP_PASSWORD = "changeme"
SMTP_PORT = 587
SMTP_MAIL_FROM = "superset@example.com"
