EMAIL_HOST = 'relay.contoso.local
EMAIL_PORT = int(
EMAIL_HOST_PASSWORD = "R365CANARY-django-broken
