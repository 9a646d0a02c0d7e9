"""One router per domain; each endpoint is a thin shell over the domain's own function."""
