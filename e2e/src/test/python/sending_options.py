"""The later v1 actions with boto3 (account and configuration-set switches, tracking and delivery options, SNS event
destinations, SendBulkTemplatedEmail) and their v2 views. usage: sending_options.py DOMAIN ACCOUNT TOPIC_ARN"""
import json
import sys
import time

import boto3
from botocore.exceptions import ClientError

domain, account, topic = sys.argv[1], sys.argv[2], sys.argv[3]
v1 = boto3.client("ses")
v2 = boto3.client("sesv2")


def error_code(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"]
    raise AssertionError(f"{call.__name__} {kwargs} was accepted")


def eventually_code(expected, call, **kwargs):
    """The sending service learns of configuration sets from the events service's topic: wait for it to catch up."""
    deadline = time.time() + 20
    while True:
        try:
            result = call(**kwargs)
            code = None
        except ClientError as e:
            result, code = None, e.response["Error"]["Code"]
        if code == expected or time.time() > deadline:
            assert code == expected, f"{call.__name__}: {code}, expected {expected}"
            return result
        time.sleep(0.2)


mail = dict(Source="opts@" + domain, Destination={"ToAddresses": ["success@simulator.amazonses.com"]},
            Message={"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "t"}}})

# The account switch (v1 and v2 agree on it).
assert v1.get_account_sending_enabled()["Enabled"] is True
v1.update_account_sending_enabled(Enabled=False)
assert v1.get_account_sending_enabled()["Enabled"] is False
assert v2.get_account()["SendingEnabled"] is False
assert error_code(v1.send_email, **mail) == "AccountSendingPausedException"
v2.put_account_sending_attributes(SendingEnabled=True)
assert v1.get_account_sending_enabled()["Enabled"] is True
v1.send_email(**mail)

# A configuration set's switches and options.
v1.create_configuration_set(ConfigurationSet={"Name": "opts"})
v1.update_configuration_set_sending_enabled(ConfigurationSetName="opts", Enabled=False)
eventually_code("ConfigurationSetSendingPausedException", v1.send_email, ConfigurationSetName="opts", **mail)
v1.update_configuration_set_sending_enabled(ConfigurationSetName="opts", Enabled=True)
eventually_code(None, v1.send_email, ConfigurationSetName="opts", **mail)
v1.update_configuration_set_reputation_metrics_enabled(ConfigurationSetName="opts", Enabled=True)
v1.put_configuration_set_delivery_options(ConfigurationSetName="opts", DeliveryOptions={"TlsPolicy": "Require"})
v1.create_configuration_set_tracking_options(ConfigurationSetName="opts", TrackingOptions={"CustomRedirectDomain": "track." + domain})
assert error_code(v1.create_configuration_set_tracking_options, ConfigurationSetName="opts",
                  TrackingOptions={"CustomRedirectDomain": "again." + domain}) == "TrackingOptionsAlreadyExistsException"
described = v1.describe_configuration_set(ConfigurationSetName="opts", ConfigurationSetAttributeNames=[
    "trackingOptions", "deliveryOptions", "reputationOptions"])
assert described["TrackingOptions"] == {"CustomRedirectDomain": "track." + domain}, described
assert described["DeliveryOptions"] == {"TlsPolicy": "Require"}, described
assert described["ReputationOptions"]["SendingEnabled"] is True and described["ReputationOptions"]["ReputationMetricsEnabled"] is True
got = v2.get_configuration_set(ConfigurationSetName="opts")
assert got["DeliveryOptions"]["TlsPolicy"] == "REQUIRE" and got["ReputationOptions"]["ReputationMetricsEnabled"] is True, got
assert got["TrackingOptions"]["CustomRedirectDomain"] == "track." + domain, got
v1.delete_configuration_set_tracking_options(ConfigurationSetName="opts")
assert error_code(v1.delete_configuration_set_tracking_options, ConfigurationSetName="opts") == "TrackingOptionsDoesNotExistException"

# v2 creates a set with its options in one call.
v2.create_configuration_set(ConfigurationSetName="opts-v2", SendingOptions={"SendingEnabled": False},
                            DeliveryOptions={"TlsPolicy": "REQUIRE"}, TrackingOptions={"CustomRedirectDomain": "t2." + domain})
got = v2.get_configuration_set(ConfigurationSetName="opts-v2")
assert got["SendingOptions"]["SendingEnabled"] is False and got["DeliveryOptions"]["TlsPolicy"] == "REQUIRE", got
v2.put_configuration_set_sending_options(ConfigurationSetName="opts-v2", SendingEnabled=True)
assert v2.get_configuration_set(ConfigurationSetName="opts-v2")["SendingOptions"]["SendingEnabled"] is True

# An SNS event destination: the send's records go to the topic (the test's webhook subscribes to it).
v1.create_configuration_set(ConfigurationSet={"Name": "to-sns"})
v1.create_configuration_set_event_destination(ConfigurationSetName="to-sns", EventDestination={
    "Name": "sns", "Enabled": True, "MatchingEventTypes": ["send", "delivery"], "SNSDestination": {"TopicARN": topic}})
assert v1.describe_configuration_set(ConfigurationSetName="to-sns", ConfigurationSetAttributeNames=["eventDestinations"])[
    "EventDestinations"][0]["SNSDestination"] == {"TopicARN": topic}
assert error_code(v1.create_configuration_set_event_destination, ConfigurationSetName="to-sns", EventDestination={
    "Name": "foreign", "MatchingEventTypes": ["send"],
    "SNSDestination": {"TopicARN": "arn:aws:sns:us-east-1:999999999999:theirs"}}) == "InvalidSNSDestination"
sns_id = eventually_code(None, v1.send_email, ConfigurationSetName="to-sns", **mail)["MessageId"]

# SendBulkTemplatedEmail: one status per destination.
v1.create_template(Template={"TemplateName": "bulk-e2e", "SubjectPart": "Hi {{name}}", "TextPart": "Dear {{name}}"})
bulk = v1.send_bulk_templated_email(Source="opts@" + domain, Template="bulk-e2e", DefaultTemplateData=json.dumps({"name": "friend"}),
                                    Destinations=[{"Destination": {"ToAddresses": ["success@simulator.amazonses.com"]},
                                                   "ReplacementTemplateData": json.dumps({"name": "Ann"})},
                                                  {"Destination": {"ToAddresses": ["bounce@simulator.amazonses.com"]}}])
assert [s["Status"] for s in bulk["Status"]] == ["Success", "Success"], bulk
assert all(len(s["MessageId"]) == 60 for s in bulk["Status"]), bulk
print("sns message:", sns_id)
print("sending options: ok")
