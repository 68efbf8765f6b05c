# Site settings for Sentry on sentry01.
from sentry.conf.server import *  # NOQA

import os

DATABASES = {
    "default": {
        "ENGINE": "sentry.db.postgres",
        "NAME": "sentry",
        "USER": "sentry",
        "PASSWORD": "db-pass-not-mail",
        "HOST": "db01.contoso.local",
        "PORT": "",
    }
}

SENTRY_SINGLE_ORGANIZATION = True

########
# Mail #
########

MAIL_RELAY = "mail.contoso.com"

SENTRY_OPTIONS["mail.backend"] = "smtp"
SENTRY_OPTIONS["mail.host"] = MAIL_RELAY
SENTRY_OPTIONS["mail.port"] = 465
SENTRY_OPTIONS["mail.use-ssl"] = True
SENTRY_OPTIONS["mail.username"] = "sentry@contoso.com"
SENTRY_OPTIONS["mail.password"] = "R365CANARY-sentry-py"
SENTRY_OPTIONS["mail.from"] = "sentry@contoso.com"
# SENTRY_OPTIONS["mail.host"] = "relay.contoso.local"
# SENTRY_OPTIONS["mail.port"] = 25

SENTRY_WEB_HOST = "0.0.0.0"
SENTRY_WEB_PORT = 9000
