"""ctgraph: a graph explorer for the network that cooperates against human trafficking."""

__version__ = "0.1.0"
