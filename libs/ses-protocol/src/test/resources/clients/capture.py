#!/usr/bin/env python3
"""Records the exact request bodies boto3 and the AWS CLI send for a set of SES calls.

Run from this folder: `python3 capture.py`. It starts a recording HTTP endpoint on loopback,
points the clients at it, and writes one `<client>-<case>.form` file per call (the raw body).
The parser tests in QueryParserClientBytesTest read these files.
"""
import base64, http.server, json, os, subprocess, sys, threading

bodies = []

class Recorder(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        bodies.append(body)
        action = dict(p.split("=", 1) for p in body.decode().split("&"))["Action"]
        reply = (f'<{action}Response xmlns="http://ses.amazonaws.com/doc/2010-12-01/">'
                 f'<{action}Result></{action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></{action}Response>').encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
threading.Thread(target=server.serve_forever, daemon=True).start()
endpoint = f"http://127.0.0.1:{server.server_port}"
os.environ.update(AWS_ACCESS_KEY_ID="AKIDCAPTURE", AWS_SECRET_ACCESS_KEY="secret", AWS_DEFAULT_REGION="us-east-1")

def save(name):
    with open(name + ".form", "wb") as f:
        f.write(bodies[-1])

import boto3
ses = boto3.client("ses", endpoint_url=endpoint)
ses.send_email(Source="Zoë <zoe@example.com>",
               Destination={"ToAddresses": ["a@example.com", "b@example.com"], "CcAddresses": ["c@example.com"]},
               Message={"Subject": {"Data": "Grüße & <hello>", "Charset": "UTF-8"},
                        "Body": {"Text": {"Data": "line 1\nline 2 = 100%"}, "Html": {"Data": "<p>hi</p>"}}},
               ReplyToAddresses=["reply@example.com"],
               Tags=[{"Name": "campaign", "Value": "spring_2026"}, {"Name": "tier", "Value": "gold"}],
               ConfigurationSetName="marketing")
save("boto3-send-email")
ses.send_raw_email(RawMessage={"Data": b"From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nbody\r\n"},
                   Destinations=["b@example.com"])
save("boto3-send-raw-email")
ses.list_identities(IdentityType="Domain", MaxItems=2, NextToken="abc")
save("boto3-list-identities")
ses.set_identity_dkim_enabled(Identity="example.com", DkimEnabled=False)
save("boto3-set-identity-dkim-enabled")
ses.send_bounce(OriginalMessageId="m-1", BounceSender="mailer@example.com",
                MessageDsn={"ReportingMta": "dns; mta.example.com", "ArrivalDate": "2026-11-26T08:00:00Z",
                            "ExtensionFields": [{"Name": "X-Note", "Value": "n"}]},
                BouncedRecipientInfoList=[{"Recipient": "x@example.com", "BounceType": "DoesNotExist"}])
save("boto3-send-bounce")
ses.list_verified_email_addresses()
save("boto3-list-verified-email-addresses")

def cli(name, *args):
    subprocess.run(["aws", "--endpoint-url", endpoint, "ses", *args], check=True, capture_output=True)
    save(name)

cli("cli-verify-email-identity", "verify-email-identity", "--email-address", "a+tag@example.com")
cli("cli-create-receipt-rule", "create-receipt-rule", "--rule-set-name", "default", "--after", "first",
    "--rule", json.dumps({"Name": "store", "Enabled": True, "TlsPolicy": "Require", "ScanEnabled": True,
                          "Recipients": ["example.com", "info@example.org"],
                          "Actions": [{"S3Action": {"BucketName": "mail", "ObjectKeyPrefix": "in/"}},
                                      {"AddHeaderAction": {"HeaderName": "X-Seen", "HeaderValue": "yes"}},
                                      {"StopAction": {"Scope": "RuleSet"}}]}))
cli("cli-create-configuration-set-event-destination", "create-configuration-set-event-destination",
    "--configuration-set-name", "marketing", "--event-destination", json.dumps({
        "Name": "cw", "Enabled": True, "MatchingEventTypes": ["send", "bounce"],
        "CloudWatchDestination": {"DimensionConfigurations": [
            {"DimensionName": "campaign", "DimensionValueSource": "messageTag", "DefaultDimensionValue": "none"}]}}))
cli("cli-get-identity-verification-attributes", "get-identity-verification-attributes",
    "--identities", "a@example.com", "example.com")
server.shutdown()
print(f"captured {len(bodies)} requests")
