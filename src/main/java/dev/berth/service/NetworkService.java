package dev.berth.service;

/** CNI networking for running tasks. */
public interface NetworkService {
}
