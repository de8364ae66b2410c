"""SES's SMTP interface with Python's smtplib, as an application configured with an SMTP host, port 587 (STARTTLS)
or 465 (TLS) and SMTP credentials sends. The password is derived from the secret key by AWS's documented steps
(smtp-credentials.md), written here independently of Sesame's code; the server's certificate is verified against
the launcher's local CA.

usage: smtp_submission.py HOST STARTTLS-PORT TLS-PORT CA-FILE FROM TO"""
import base64
import hashlib
import hmac
import os
import smtplib
import ssl
import sys
import time
from email.message import EmailMessage

host, port, tls_port, cafile, sender, recipient = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
key, secret, region = os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"], os.environ["AWS_DEFAULT_REGION"]


def sign(k, message):
    return hmac.new(k, message.encode("utf-8"), hashlib.sha256).digest()


def smtp_password(secret_key, aws_region):
    signature = sign(("AWS4" + secret_key).encode("utf-8"), "11111111")
    for step in (aws_region, "ses", "aws4_request", "SendRawEmail"):
        signature = sign(signature, step)
    return base64.b64encode(bytes([0x04]) + signature).decode("utf-8")


password = smtp_password(secret, region)
print("derived=" + password)
context = ssl.create_default_context(cafile=cafile)


def message(subject):
    m = EmailMessage()
    m["From"] = "Sender <" + sender + ">"
    m["To"] = recipient
    m["Subject"] = subject
    m["X-SES-CONFIGURATION-SET"] = "smtp-set"
    m["X-SES-MESSAGE-TAGS"] = "campaign=smtp"
    m.set_content("sent through SES's SMTP interface: " + subject)
    return m


def submit(smtp, subject, source=sender):
    """One transaction; the id from the final reply, `250 Ok <MessageId>`."""
    smtp.mail(source)
    smtp.rcpt(recipient)
    code, reply = smtp.data(message(subject).as_bytes())
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)
    text = reply.decode()
    assert text.startswith("Ok "), text
    return text[3:]


def until_known(send):
    """The sending service learns of the identity from its events: a moment after the verification."""
    deadline = time.time() + 30
    while True:
        try:
            return send()
        except smtplib.SMTPDataError as e:
            if e.smtp_code != 554 or b"not verified" not in e.smtp_error or time.time() > deadline:
                raise
            time.sleep(0.5)


# Port 587's way: EHLO, STARTTLS, EHLO, AUTH PLAIN (smtplib's choice of the two offered), then the message.
with smtplib.SMTP(host, port, timeout=30) as smtp:
    smtp.ehlo("app.example")
    assert "auth" not in smtp.esmtp_features, "AUTH is offered only over TLS"
    try:
        smtp.login(key, password)
        raise AssertionError("AUTH before TLS was accepted")
    except smtplib.SMTPNotSupportedError:
        pass
    smtp.starttls(context=context)
    smtp.ehlo("app.example")
    try:
        smtp.login(key, secret)
        raise AssertionError("the secret key itself was accepted as the SMTP password")
    except smtplib.SMTPAuthenticationError as e:
        assert (e.smtp_code, e.smtp_error) == (535, b"Authentication Credentials Invalid"), e
    smtp.login(key, password)
    print("starttls-id=" + until_known(lambda: submit(smtp, "over STARTTLS")))
    try:
        submit(smtp, "from nowhere", source="someone@unverified.smtp.example")
        raise AssertionError("an unverified sender was accepted")
    except smtplib.SMTPDataError as e:
        assert e.smtp_code == 554 and e.smtp_error.startswith(b"Message rejected: Email address is not verified."), e
        print("unverified: " + e.smtp_error.decode())

# Port 465's way: TLS from the first byte, AUTH LOGIN explicitly.
with smtplib.SMTP_SSL(host, tls_port, context=context, timeout=30) as smtp:
    smtp.ehlo("app.example")
    smtp.user, smtp.password = key, password
    code, reply = smtp.auth("LOGIN", smtp.auth_login, initial_response_ok=False)
    assert code == 235, (code, reply)
    print("tls-id=" + until_known(lambda: submit(smtp, "over TLS")))
print("smtplib submission: ok")
