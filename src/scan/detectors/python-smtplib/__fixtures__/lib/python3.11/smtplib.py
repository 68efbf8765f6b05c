#! /usr/bin/env python3

'''SMTP/ESMTP client class.

This should follow RFC 821 (SMTP), RFC 1869 (ESMTP), RFC 2554 (SMTP
Authentication) and RFC 2487 (Secure SMTP over TLS).
'''

import socket

SMTP_PORT = 25
SMTP_SSL_PORT = 465


class SMTP:
    """This class manages a connection to an SMTP or ESMTP server."""
    debuglevel = 0

    def __init__(self, host='', port=0, local_hostname=None,
                 timeout=socket._GLOBAL_DEFAULT_TIMEOUT,
                 source_address=None):
        self._host = host
        if host:
            (code, msg) = self.connect(host, port)

    def login(self, user, password, *, initial_response_ok=True):
        """Log in on an SMTP server that requires authentication."""


if __name__ == '__main__':
    server = SMTP('localhost')
    server.sendmail('me@localhost', ['you@localhost'], 'test')
