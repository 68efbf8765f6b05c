# Container image settings: everything comes from the environment.
from sentry.conf.server import *  # NOQA
import os
import os.path

CONF_ROOT = os.path.dirname(__file__)
env = os.environ.get

if 'SENTRY_EMAIL_HOST' in os.environ:
    SENTRY_OPTIONS['mail.backend'] = 'smtp'
    SENTRY_OPTIONS.update({
        'mail.host': env('SENTRY_EMAIL_HOST'),
        'mail.password': env('SENTRY_EMAIL_PASSWORD') or '',
        'mail.username': env('SENTRY_EMAIL_USER') or '',
        'mail.port': int(env('SENTRY_EMAIL_PORT') or 25),
        'mail.use-tls': env('SENTRY_EMAIL_USE_TLS', False),
    })
else:
    SENTRY_OPTIONS['mail.backend'] = 'dummy'

SENTRY_OPTIONS['mail.from'] = env('SENTRY_SERVER_EMAIL') or 'root@localhost'
