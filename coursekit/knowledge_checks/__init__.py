"""The knowledge checks of notebooks 01 to 11: ``kcNN.QUESTIONS`` (see coursekit.knowledge)."""
