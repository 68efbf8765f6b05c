#!/usr/bin/env python3
"""Nightly backup report: mails the summary to the ops team."""
import smtplib
from email.mime.text import MIMEText

SMTP_SERVER = "smtp.office365.com"
SMTP_PORT = 587
SMTP_USER = "backup-report@contoso.com"
SMTP_PASSWORD = "R365CANARY-pysmtp-1"
FROM = "backup-report@contoso.com"
TO = ["ops@contoso.com"]


def send(body):
    msg = MIMEText(body)
    msg['Subject'] = 'Backup report'
    msg['From'] = FROM
    msg['To'] = ', '.join(TO)
    with smtplib.SMTP(SMTP_SERVER, SMTP_PORT, timeout=30) as server:
        server.ehlo()
        server.starttls()
        server.login(SMTP_USER, SMTP_PASSWORD)
        server.sendmail(FROM, TO, msg.as_string())
