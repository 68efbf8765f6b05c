#!/usr/bin/env python3
"""Monthly tape inventory report: which tapes left the library, which came back, which expire.

Run by cron (/etc/cron.d/tape-report). Mails the CSV to the auditors straight through Exchange Online.
"""
import argparse
import csv
import io
import smtplib
import subprocess
from email.message import EmailMessage

SMTP_SERVER = "smtp.office365.com"
SMTP_PORT = 587
SMTP_USER = "tape-reports@contoso.com"
SMTP_PASSWORD = "R365CANARY-fleet-backup01-tape"
MAIL_FROM = "tape-reports@contoso.com"
MAIL_TO = ["audit@contoso.com", "it-ops@contoso.com"]


def inventory(month):
    out = subprocess.run(["/usr/sbin/mtx", "-f", "/dev/sg3", "status"], capture_output=True, text=True, check=True)
    rows = [line.split(":", 1) for line in out.stdout.splitlines() if "Storage Element" in line]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["slot", "state"])
    writer.writerows(rows)
    return buffer.getvalue()


def send(month, attachment):
    msg = EmailMessage()
    msg["Subject"] = f"Tape inventory {month}"
    msg["From"] = MAIL_FROM
    msg["To"] = ", ".join(MAIL_TO)
    msg.set_content(f"Tape inventory for {month} attached.")
    msg.add_attachment(attachment.encode(), maintype="text", subtype="csv", filename=f"tapes-{month}.csv")
    with smtplib.SMTP(SMTP_SERVER, SMTP_PORT, timeout=60) as server:
        server.starttls()
        server.login(SMTP_USER, SMTP_PASSWORD)
        server.send_message(msg)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--month", default="last")
    args = parser.parse_args()
    send(args.month, inventory(args.month))
