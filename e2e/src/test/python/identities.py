"""boto3 against the launched stack (endpoint and keys from AWS_* variables): the identity actions end to end."""
import os

import boto3
from botocore.exceptions import ClientError

ses = boto3.client("ses")
for address in ("py-1@py.example.com", "py-2@py.example.com", "py-3@py.example.com"):
    ses.verify_email_identity(EmailAddress=address)
token = ses.verify_domain_identity(Domain="py.example.com")["VerificationToken"]
assert len(token) == 44, token

seen, kwargs, pages = [], {"IdentityType": "EmailAddress", "MaxItems": 2}, 0
while True:
    page = ses.list_identities(**kwargs)
    assert len(page["Identities"]) <= 2, page
    seen += page["Identities"]
    pages += 1
    if "NextToken" not in page:
        break
    kwargs["NextToken"] = page["NextToken"]
assert pages >= 2 and {"py-1@py.example.com", "py-2@py.example.com", "py-3@py.example.com"} <= set(seen), seen
assert "py.example.com" not in seen

attrs = ses.get_identity_verification_attributes(Identities=["py-1@py.example.com", "py.example.com", "nobody@py.example.com"])
attrs = attrs["VerificationAttributes"]
assert attrs["py-1@py.example.com"]["VerificationStatus"] == "Pending", attrs
assert attrs["py.example.com"]["VerificationToken"] == token, attrs
assert "nobody@py.example.com" not in attrs

ses.delete_identity(Identity="py-3@py.example.com")
assert "py-3@py.example.com" not in ses.list_identities()["Identities"]
assert ses.list_verified_email_addresses()["VerifiedEmailAddresses"] == []

try:
    ses.verify_email_identity(EmailAddress="not-an-address")
    raise AssertionError("an invalid address was accepted")
except ClientError as e:
    assert e.response["Error"]["Code"] == "InvalidParameterValue", e.response
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400

wrong = boto3.client("ses", aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"], aws_secret_access_key="wrong-secret")
try:
    wrong.list_identities()
    raise AssertionError("a wrong secret was accepted")
except ClientError as e:
    assert e.response["Error"]["Code"] == "SignatureDoesNotMatch", e.response
# A presigned GET (SigV4 in the query string) works like a signed POST.
import urllib.request
url = ses.generate_presigned_url("list_identities", Params={"IdentityType": "Domain"}, HttpMethod="GET")
assert "X-Amz-Signature=" in url, url
with urllib.request.urlopen(url) as answer:
    xml = answer.read().decode()
    assert answer.headers["x-amzn-RequestId"], answer.headers
assert "<member>py.example.com</member>" in xml and "py-1@py.example.com" not in xml, xml
print("boto3 identities: ok")
