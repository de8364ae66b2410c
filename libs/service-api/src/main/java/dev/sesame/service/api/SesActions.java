package dev.sesame.service.api;

import java.util.Map;

/** A group of related SES actions this service owns, by action name. */
public interface SesActions {

    Map<String, SesAction> actions();
}
