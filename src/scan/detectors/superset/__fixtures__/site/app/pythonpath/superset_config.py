# Superset configuration for bi.contoso.com
import os
from datetime import timedelta

SECRET_KEY = "R365CANARY-superset-secret-key"
SQLALCHEMY_DATABASE_URI = "postgresql+psycopg2://superset:R365CANARY-superset-db@db.contoso.local/superset"

FEATURE_FLAGS = {
    "ALERT_REPORTS": True,
}
ALERT_REPORTS_NOTIFICATION_DRY_RUN = False
WEBDRIVER_BASEURL = "http://superset:8088/"

# smtp server configuration
# Before the migration:
# SMTP_HOST = "exchange01.contoso.local"
# SMTP_STARTTLS = False
# SMTP_PORT = 25
EMAIL_NOTIFICATIONS = True
SMTP_HOST = "smtp.office365.com"
SMTP_STARTTLS = True
SMTP_SSL = False
SMTP_USER = "bi-reports@contoso.com"
SMTP_PORT = 587
SMTP_PASSWORD = "R365CANARY-superset-smtp"
SMTP_MAIL_FROM = "bi-reports@contoso.com"
SMTP_SSL_SERVER_AUTH = True
