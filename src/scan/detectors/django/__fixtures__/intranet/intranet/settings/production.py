import os

import environ

from .base import *  # noqa

env = environ.Env()

EMAIL_HOST = os.environ.get('EMAIL_HOST', 'mail.contoso.com')
EMAIL_PORT = int(os.environ.get('EMAIL_PORT', 25))
EMAIL_HOST_USER = env('EMAIL_HOST_USER')
EMAIL_HOST_PASSWORD = env('EMAIL_HOST_PASSWORD')
EMAIL_USE_SSL = env.bool('EMAIL_USE_SSL', default=False)
