// The SES v2 API with Node's clients: the AWS SDK for JavaScript v3 (@aws-sdk/client-sesv2) and nodemailer's SES
// transport (which sends through that client's SendEmailCommand, Raw content). Credentials and region come from
// the environment, as an application's would.
// usage: node v2_clients.mjs ENDPOINT FROM-DOMAIN RECIPIENT
import {
  SESv2Client, SendEmailCommand, GetAccountCommand, GetEmailIdentityCommand, ListEmailIdentitiesCommand, NotFoundException,
  BadRequestException,
} from "@aws-sdk/client-sesv2";
import nodemailer from "nodemailer";
import assert from "node:assert/strict";

const [endpoint, domain, recipient] = process.argv.slice(2);
const ses = new SESv2Client({ endpoint, maxAttempts: 1 });

const account = await ses.send(new GetAccountCommand({}));
assert.equal(account.SendingEnabled, true);
assert.ok(account.SendQuota.Max24HourSend !== 0);

const identity = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: domain }));
assert.equal(identity.IdentityType, "DOMAIN");
assert.equal(identity.VerifiedForSendingStatus, true);
const listed = await ses.send(new ListEmailIdentitiesCommand({ PageSize: 1000 }));
assert.ok(listed.EmailIdentities.some((i) => i.IdentityName === domain));

await assert.rejects(ses.send(new GetEmailIdentityCommand({ EmailIdentity: "nobody.node.example" })), NotFoundException);
await assert.rejects(ses.send(new SendEmailCommand({ Content: {} })), BadRequestException);

const sent = await ses.send(new SendEmailCommand({
  FromEmailAddress: `sdk@${domain}`,
  Destination: { ToAddresses: [recipient] },
  Content: { Simple: { Subject: { Data: "from the SDK v3" }, Body: { Text: { Data: "hello from @aws-sdk/client-sesv2" } } } },
  ConfigurationSetName: "v2-set",
  EmailTags: [{ Name: "client", Value: "sdk-v3" }],
}));
console.log(`sdk-id=${sent.MessageId}`);

const transporter = nodemailer.createTransport({ SES: { sesClient: ses, SendEmailCommand } });
const info = await transporter.sendMail({
  from: `Nodemailer <nodemailer@${domain}>`,
  to: recipient,
  subject: "from nodemailer",
  text: "hello from nodemailer's SES transport",
  attachments: [{ filename: "notes.txt", content: "an attachment" }],
  ses: { ConfigurationSetName: "v2-set", EmailTags: [{ Name: "client", Value: "nodemailer" }] },
});
console.log(`nodemailer-id=${info.response}`);
console.log("node v2 clients: ok");
