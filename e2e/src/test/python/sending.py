"""boto3 on the launched stack: SendEmail to the simulator, SendRawEmail with an attachment, errors as exceptions."""
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
import time

import boto3

ses = boto3.client("ses")

for _ in range(100):  # the sending service learns of the verified domain from the identity events
    try:
        ses.send_email(Source="py@send.e2e.example", Destination={"ToAddresses": ["success@simulator.amazonses.com"]},
                       Message={"Subject": {"Data": "sim"}, "Body": {"Text": {"Data": "t"}}})
        break
    except ses.exceptions.MessageRejected:
        time.sleep(0.2)
else:
    raise AssertionError("the verified domain was never accepted")

message = MIMEMultipart()
message["Subject"] = "report"
message["From"] = "py@send.e2e.example"
message["To"] = "raw@inbox.e2e.example"
message.attach(MIMEText("see attached"))
part = MIMEApplication(b"a,b\n1,2\n", Name="report.csv")
part["Content-Disposition"] = 'attachment; filename="report.csv"'
message.attach(part)
raw_id = ses.send_raw_email(RawMessage={"Data": message.as_bytes()})["MessageId"]
assert len(raw_id) == 60, raw_id

try:
    ses.send_email(Source="py@nobody.e2e.example", Destination={"ToAddresses": ["x@inbox.e2e.example"]},
                   Message={"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}})
    raise AssertionError("an unverified source was accepted")
except ses.exceptions.MessageRejected as e:
    assert "Email address is not verified" in str(e), e

try:
    ses.send_email(Source="py@send.e2e.example", Destination={"ToAddresses": ["x@inbox.e2e.example"]},
                   Message={"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}}, ConfigurationSetName="missing")
    raise AssertionError("an unknown configuration set was accepted")
except ses.exceptions.ConfigurationSetDoesNotExistException:
    pass

assert ses.get_send_quota()["SentLast24Hours"] >= 1
print(f"raw-id={raw_id}")
print("boto3 sending: ok")
