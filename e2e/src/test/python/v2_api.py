"""The SES v2 API with boto3's sesv2 client, and its agreement with v1: what v2 creates, v1 lists, and the other
way round. usage: v2_api.py DOMAIN ACCOUNT"""
import sys

import boto3

domain, account = sys.argv[1], sys.argv[2]
v2 = boto3.client("sesv2")
v1 = boto3.client("ses")

created = v2.create_email_identity(EmailIdentity=domain)
assert created["IdentityType"] == "DOMAIN" and created["VerifiedForSendingStatus"] is False, created
tokens = created["DkimAttributes"]["Tokens"]
assert len(tokens) == 3 and created["DkimAttributes"]["Status"] == "PENDING", created
try:
    v2.create_email_identity(EmailIdentity=domain)
    raise AssertionError("a second CreateEmailIdentity was accepted")
except v2.exceptions.AlreadyExistsException:
    pass
assert domain in v1.list_identities()["Identities"], "v1 lists what v2 created"
assert v1.get_identity_dkim_attributes(Identities=[domain])["DkimAttributes"][domain]["DkimTokens"] == tokens

v1.verify_email_identity(EmailAddress="v1-made@" + domain)
listed = {i["IdentityName"]: i for i in v2.list_email_identities()["EmailIdentities"]}
assert listed["v1-made@" + domain]["IdentityType"] == "EMAIL_ADDRESS", listed
v2.delete_email_identity(EmailIdentity="v1-made@" + domain)
assert "v1-made@" + domain not in v1.list_identities()["Identities"], "v2 deletes what v1 made"
try:
    v2.get_email_identity(EmailIdentity="nobody." + domain)
    raise AssertionError("an unknown identity was found")
except v2.exceptions.NotFoundException as e:
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 404

v2.create_configuration_set(ConfigurationSetName="v2-set")
v2.create_configuration_set_event_destination(
    ConfigurationSetName="v2-set", EventDestinationName="archive",
    EventDestination={"Enabled": True, "MatchingEventTypes": ["SEND", "DELIVERY", "BOUNCE"],
                      "KinesisFirehoseDestination": {"IamRoleArn": f"arn:aws:iam::{account}:role/fh",
                                                     "DeliveryStreamArn": f"arn:aws:firehose:us-east-1:{account}:deliverystream/v2-stream"}})
described = v1.describe_configuration_set(ConfigurationSetName="v2-set", ConfigurationSetAttributeNames=["eventDestinations"])
assert described["EventDestinations"][0]["MatchingEventTypes"] == ["send", "delivery", "bounce"], described
assert v2.get_configuration_set_event_destinations(ConfigurationSetName="v2-set")["EventDestinations"][0]["MatchingEventTypes"] == ["SEND", "DELIVERY", "BOUNCE"]
assert "v2-set" in v2.list_configuration_sets()["ConfigurationSets"]
try:
    v2.create_configuration_set_event_destination(
        ConfigurationSetName="no-such-set", EventDestinationName="d",
        EventDestination={"MatchingEventTypes": ["SEND"],
                          "KinesisFirehoseDestination": {"IamRoleArn": f"arn:aws:iam::{account}:role/fh",
                                                         "DeliveryStreamArn": f"arn:aws:firehose:us-east-1:{account}:deliverystream/x"}})
    raise AssertionError("a destination of an unknown set was accepted")
except v2.exceptions.NotFoundException:
    pass
try:
    v2.get_configuration_set(ConfigurationSetName="no-such-set")
    raise AssertionError("an unknown set was found")
except v2.exceptions.NotFoundException:
    pass
account_view = v2.get_account()
assert account_view["SendQuota"]["Max24HourSend"] == v1.get_send_quota()["Max24HourSend"], account_view
# The account-level suppression list: put, get, list, delete (hard bounces feed it too: V2ApiIT).
v2.put_suppressed_destination(EmailAddress="Paused@inbox.e2e.example", Reason="COMPLAINT")
listed = v2.get_suppressed_destination(EmailAddress="paused@inbox.e2e.example")["SuppressedDestination"]
assert listed["Reason"] == "COMPLAINT" and listed["EmailAddress"] == "paused@inbox.e2e.example", listed
assert any(d["EmailAddress"] == "paused@inbox.e2e.example"
           for d in v2.list_suppressed_destinations(Reasons=["COMPLAINT"])["SuppressedDestinationSummaries"])
v2.delete_suppressed_destination(EmailAddress="paused@inbox.e2e.example")
try:
    v2.get_suppressed_destination(EmailAddress="paused@inbox.e2e.example")
    raise AssertionError("a deleted address is still listed")
except v2.exceptions.NotFoundException:
    pass
# Templates: one store for both APIs.
v2.create_email_template(TemplateName="v2-welcome", TemplateContent={"Subject": "Welcome, {{name}}", "Text": "Hello {{name}}!"})
assert v1.get_template(TemplateName="v2-welcome")["Template"]["SubjectPart"] == "Welcome, {{name}}"
rendered = v2.test_render_email_template(TemplateName="v2-welcome", TemplateData='{"name": "Ann"}')["RenderedTemplate"]
assert "Subject: Welcome, Ann" in rendered, rendered
try:
    v2.get_email_template(TemplateName="no-such-template")
    raise AssertionError("an unknown template was found")
except v2.exceptions.NotFoundException:
    pass
print("tokens=" + ",".join(tokens))
print("boto3 sesv2: ok")
