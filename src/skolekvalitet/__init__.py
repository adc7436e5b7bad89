"""Skolekvalitet: systematic quality work for Norwegian school owners and schools."""
