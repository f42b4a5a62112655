"""Text messages: a port, the console fake (default) and, later, Twilio."""
