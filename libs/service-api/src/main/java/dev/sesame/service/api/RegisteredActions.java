package dev.sesame.service.api;

import jakarta.enterprise.inject.Instance;
import java.util.Set;
import java.util.TreeSet;

/** The SES actions a service has handlers for, as its {@link SesActions} beans register them (what its routing test compares). */
public final class RegisteredActions {

    private RegisteredActions() {
    }

    public static Set<String> of(Instance<SesActions> groups) {
        Set<String> names = new TreeSet<>();
        groups.forEach(group -> {
            if (group.api().equals("ses")) {
                names.addAll(group.actions().keySet());
            }
        });
        return names;
    }
}
