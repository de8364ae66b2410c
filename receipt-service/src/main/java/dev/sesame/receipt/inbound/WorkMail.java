package dev.sesame.receipt.inbound;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import org.subethamail.smtp.client.SMTPException;
import org.subethamail.smtp.client.SmartClient;

/** The WorkMail action: the message, unchanged, forwarded over SMTP to the host registered for the organization. */
@Singleton
public class WorkMail {

    public void forward(String hostPort, String helo, String mailFrom, List<String> recipients, byte[] message) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon).replaceAll("^\\[|\\]$", "");
        SmartClient client = SmartClient.createAndConnect(host, Integer.parseInt(hostPort.substring(colon + 1)), helo);
        try {
            client.from(mailFrom == null ? "" : mailFrom);
            for (String recipient : recipients) {
                client.to(recipient);
            }
            client.dataStart();
            client.dataWrite(message);
            client.dataEnd();
        } catch (SMTPException e) {
            throw new IOException("the WorkMail host refused the message: " + e.getMessage(), e);
        } finally {
            client.quit();
        }
    }
}
