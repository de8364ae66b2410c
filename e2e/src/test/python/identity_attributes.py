"""boto3 on the launched stack: notification topics, MAIL FROM, Easy DKIM and policies, with their errors.
The identity attrs.e2e.example exists and was marked verified by the operator before this runs."""
import json
import os

import boto3
from botocore.exceptions import ClientError

ses = boto3.client("ses")
account = os.environ["SESAME_ACCOUNT_ID"]
identity = "attrs.e2e.example"
arn = f"arn:aws:ses:us-east-1:{account}:identity/{identity}"


def error_code(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, e.response
        return e.response["Error"]["Code"]
    raise AssertionError(f"{call.__name__} {kwargs} succeeded")


# Notifications
topic = f"arn:aws:sns:us-east-1:{account}:feedback"
assert error_code(ses.set_identity_feedback_forwarding_enabled, Identity=identity, ForwardingEnabled=False) == "InvalidParameterValue"
for kind in ("Bounce", "Complaint"):
    ses.set_identity_notification_topic(Identity=arn, NotificationType=kind, SnsTopic=topic)
ses.set_identity_feedback_forwarding_enabled(Identity=identity, ForwardingEnabled=False)
ses.set_identity_headers_in_notifications_enabled(Identity=identity, NotificationType="Bounce", Enabled=True)
assert error_code(ses.set_identity_headers_in_notifications_enabled, Identity=identity,
                  NotificationType="Delivery", Enabled=True) == "InvalidParameterValue"
attrs = ses.get_identity_notification_attributes(Identities=[identity])["NotificationAttributes"][identity]
assert attrs["BounceTopic"] == topic and attrs["ForwardingEnabled"] is False, attrs
assert attrs["HeadersInBounceNotificationsEnabled"] is True, attrs

# Custom MAIL FROM
assert error_code(ses.set_identity_mail_from_domain, Identity=identity, MailFromDomain="elsewhere.example") == "InvalidParameterValue"
ses.set_identity_mail_from_domain(Identity=identity, MailFromDomain=f"bounce.{identity}", BehaviorOnMXFailure="RejectMessage")
mail_from = ses.get_identity_mail_from_domain_attributes(Identities=[identity])["MailFromDomainAttributes"][identity]
assert mail_from == {"MailFromDomain": f"bounce.{identity}", "MailFromDomainStatus": "Pending",
                     "BehaviorOnMXFailure": "RejectMessage"}, mail_from

# Easy DKIM
tokens = ses.verify_domain_dkim(Domain=identity)["DkimTokens"]
assert len(tokens) == 3 and tokens == ses.verify_domain_dkim(Domain=identity)["DkimTokens"]
ses.set_identity_dkim_enabled(Identity=identity, DkimEnabled=False)
dkim = ses.get_identity_dkim_attributes(Identities=[identity])["DkimAttributes"][identity]
assert dkim["DkimEnabled"] is False and dkim["DkimTokens"] == tokens, dkim

# Sending-authorization policies
policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["123456789012"]},
                     "Action": ["ses:SendEmail", "ses:SendRawEmail"], "Resource": arn}]})
assert error_code(ses.put_identity_policy, Identity=identity, PolicyName="p", Policy="{}") == "InvalidPolicy"
ses.verify_domain_identity(Domain="unverified.e2e.example")
assert error_code(ses.put_identity_policy, Identity="unverified.e2e.example", PolicyName="p", Policy=policy) == "InvalidParameterValue"
ses.put_identity_policy(Identity=identity, PolicyName="partner", Policy=policy)
assert ses.list_identity_policies(Identity=identity)["PolicyNames"] == ["partner"]
assert json.loads(ses.get_identity_policies(Identity=arn, PolicyNames=["partner"])["Policies"]["partner"]) == json.loads(policy)
ses.delete_identity_policy(Identity=identity, PolicyName="missing")
ses.delete_identity_policy(Identity=identity, PolicyName="partner")
assert ses.list_identity_policies(Identity=identity)["PolicyNames"] == []
print("boto3 identity attributes: ok")
