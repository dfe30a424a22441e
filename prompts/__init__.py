"""Prompt templates (*.txt) shipped as package data, so a normal (non-editable) install has them too."""
