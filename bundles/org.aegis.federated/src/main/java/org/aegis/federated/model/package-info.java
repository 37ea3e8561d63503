/**
 * The built-in models: multinomial logistic regression and multi-layer perceptrons, one dense network class with
 * flat float parameters, trained by mini-batch SGD with an optional FedProx proximal term.
 */
package org.aegis.federated.model;
