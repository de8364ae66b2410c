-- The databases Sesame's services and Keycloak use (the launcher creates the same ones).
CREATE DATABASE sesame_gateway;
CREATE DATABASE sesame_identity;
CREATE DATABASE keycloak;
