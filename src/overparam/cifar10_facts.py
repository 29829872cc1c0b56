"""CIFAR-10 facts that torch-free stages read (overparam.cifar10 loads the data set and makes the stand-in)."""

CIFAR10_PIXELS = 3 * 32 * 32
CIFAR10_CLASSES = 10
STAND_IN_LABEL = "synthetic stand-in, not CIFAR-10"
