package dev.sesame.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sesame.service.api.RegisteredActions;
import dev.sesame.service.api.RequestShapes;
import dev.sesame.sending.service.SendingRequests;
import dev.sesame.service.api.SesActions;
import dev.sesame.ses.protocol.ActionOwners;
import dev.sesame.ses.protocol.ServiceModel;
import dev.sesame.testing.ProgrammableSmtpSinkResource;
import dev.sesame.testing.SesameInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The routing table, the model and this service agree: the gateway sends it exactly the actions it has handlers for, and
 * each action's request record is the model's input shape.
 */
@QuarkusTest
@WithTestResource(SesameInfraResource.class)
@WithTestResource(ProgrammableSmtpSinkResource.class)
class ActionRoutingTest {

    @Inject
    Instance<SesActions> groups;

    @Test
    void theActionsThisServiceHandlesAreTheOnesTheRoutingTableGivesIt() {
        assertEquals(ActionOwners.actionsOf(ActionOwners.SENDING), RegisteredActions.of(groups));
    }

    @Test
    void eachActionHasARequestRecordThatIsItsInputShape() {
        Map<String, Class<?>> declared = RequestShapes.declaredRequests(SendingRequests.class);
        Set<String> withoutV2Only = new TreeSet<>(ActionOwners.actionsOf(ActionOwners.SENDING));
        withoutV2Only.removeIf(action -> ServiceModel.ses().operation(action).isEmpty());
        assertEquals(withoutV2Only, declared.keySet());
        declared.forEach((action, request) -> assertEquals(List.of(), RequestShapes.mismatches(ServiceModel.ses(), action, request), action));
    }

    @Test
    void typedHandlersTakeTheirActionsRecord() {
        Map<String, Class<?>> declared = RequestShapes.declaredRequests(SendingRequests.class);
        RequestShapes.typedRequests(groups).forEach((action, request) -> assertEquals(declared.get(action), request, action));
    }
}
