"""boto3 over the HTTPS endpoint, trusting the launcher's local CA through AWS_CA_BUNDLE (as `./sesame env` sets it);
a client that does not trust that CA is refused by certificate verification, so the TLS is real."""
import os

import boto3
import botocore.exceptions
import certifi

endpoint = os.environ["SESAME_HTTPS_ENDPOINT"]
ses = boto3.client("ses", endpoint_url=endpoint)
ses.verify_domain_identity(Domain="https.e2e.example")
assert "https.e2e.example" in ses.list_identities()["Identities"]
assert ses.get_send_quota()["Max24HourSend"] != 0
# Its certificate names localhost as well as 127.0.0.1.
localhost = boto3.client("ses", endpoint_url=endpoint.replace("127.0.0.1", "localhost"))
assert "https.e2e.example" in localhost.list_identities()["Identities"]
try:
    boto3.client("ses", endpoint_url=endpoint, verify=certifi.where()).list_identities()
    raise AssertionError("a client without the local CA was not refused")
except botocore.exceptions.SSLError as e:
    assert "CERTIFICATE_VERIFY_FAILED" in str(e), e
print("boto3 over https: ok")
