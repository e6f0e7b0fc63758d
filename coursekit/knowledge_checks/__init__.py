"""The knowledge checks of notebooks 01 to 12: ``kcNN.QUESTIONS`` (see coursekit.knowledge)."""
