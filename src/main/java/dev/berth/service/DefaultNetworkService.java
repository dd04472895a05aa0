package dev.berth.service;

final class DefaultNetworkService implements NetworkService {

    private final ServiceContext sc;

    DefaultNetworkService(ServiceContext sc) {
        this.sc = sc;
    }
}
