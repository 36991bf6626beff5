"""TLS server contexts that switch obsolete protocols off or only look at the flags: nothing to report."""

import ssl


def hardened_context():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.options |= ssl.OP_NO_SSLv3 | ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1
    return context


def still_hardened(context: ssl.SSLContext) -> bool:
    return bool(context.options & ssl.OP_NO_SSLv3) and not (~context.options & ssl.OP_NO_TLSv1)


def allow_session_tickets(context: ssl.SSLContext) -> ssl.SSLContext:
    context.options &= ~ssl.OP_NO_TICKET
    return context
