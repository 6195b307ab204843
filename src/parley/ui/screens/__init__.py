"""One module per screen: the browser, search, disputes, problems, help, the forms."""
