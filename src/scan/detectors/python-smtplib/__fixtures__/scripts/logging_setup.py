import logging
import logging.config
import logging.handlers

handler = logging.handlers.SMTPHandler(
    mailhost=('mail.contoso.com', 587),
    fromaddr='app@contoso.com',
    toaddrs=['dev@contoso.com'],
    subject='App error',
    credentials=('app@contoso.com', 'R365CANARY-pysmtp-handler'),
    secure=(),
)

LOGGING = {
    'version': 1,
    'handlers': {
        'mail': {
            'class': 'logging.handlers.SMTPHandler',
            'mailhost': 'relay.contoso.local',
            'fromaddr': 'noreply@contoso.com',
            'toaddrs': ['ops@contoso.com'],
            'subject': 'Error',
        },
    },
}
logging.config.dictConfig(LOGGING)
