"""The web shell over `kg`: routers for the SPARQL protocol and, later, entity documents and pages."""
