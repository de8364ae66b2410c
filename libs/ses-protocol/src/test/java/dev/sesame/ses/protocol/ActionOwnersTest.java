package dev.sesame.ses.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every action of the SES API reference has exactly one owning service; the rest of the table is SES v2's own operations. */
class ActionOwnersTest {

    private static final Set<String> V2_ONLY = Set.of("PutSuppressedDestination", "GetSuppressedDestination",
            "DeleteSuppressedDestination", "ListSuppressedDestinations");

    @Test
    void everyActionOfTheModelHasAnOwnerAndNothingElseDoesButV2sOwnOperations() {
        Set<String> owned = ActionOwners.all();
        owned.removeAll(V2_ONLY);
        assertEquals(new TreeSet<>(ServiceModel.ses().operations().keySet()), owned);
        V2_ONLY.forEach(operation -> assertEquals(ActionOwners.SENDING, ActionOwners.ownerOf(operation)));
    }

    @Test
    void ownersAreTheServicesTheArchitectureAssigns() {
        assertEquals(ActionOwners.RECEIPT, ActionOwners.ownerOf("CreateReceiptRuleSet"));
        assertEquals(ActionOwners.SENDING, ActionOwners.ownerOf("CreateTemplate"));
        assertEquals(ActionOwners.EVENTS, ActionOwners.ownerOf("PutConfigurationSetDeliveryOptions"));
        assertEquals(ActionOwners.IDENTITY, ActionOwners.ownerOf("SendCustomVerificationEmail"));
        assertNull(ActionOwners.ownerOf("LaunchRocket"));
    }
}
