"""The gRPC API (crm.contacts.v1.ContactsService): thin, over the same queries as REST."""
