"""accredkit-smsgate: an SMS adapter for a simple HTTP JSON gateway (``smsgate://``)."""

from accredkit_smsgate.sender import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
from accredkit_smsgate.sender import TOKEN_ENV as TOKEN_ENV
from accredkit_smsgate.sender import SmsGateSender as SmsGateSender

__all__ = ["DEFAULT_TIMEOUT", "TOKEN_ENV", "SmsGateSender"]
