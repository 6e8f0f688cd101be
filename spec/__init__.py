"""The storespec specification documents, shipped as package data."""
