"""SMTP mechanisms: a listener for inbound mail (aiosmtpd in a thread of its own), a sender
over a real SMTP server (smtplib, STARTTLS or TLS), and the local sink ``crm-smtp-sink``.

No business rules here: what a message means is the service's, these only carry bytes.
"""

from crm_chassis.smtp.listener import Delivery, SmtpListener, SmtpRefusal
from crm_chassis.smtp.sender import SmtpSender, SmtpSettings

__all__ = ["Delivery", "SmtpListener", "SmtpRefusal", "SmtpSender", "SmtpSettings"]
