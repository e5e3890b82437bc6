/**
 * The boot service: from power-on to an installed machine, driven by the design. {@link org.underlay.boot.BootMachines}
 * reads which machines an environment boots (MAC, address, image, users) from the design;
 * {@link org.underlay.boot.DnsmasqConfig} writes dnsmasq's DHCP/TFTP configuration for exactly those MACs;
 * {@link org.underlay.boot.BootHttpServer} serves each machine its iPXE script, the installer, its plan, its files and
 * the images of the {@link org.underlay.boot.ImageCatalogue}, and takes the installer's reports;
 * {@link org.underlay.boot.BootService} runs the two together. The same code serves the VM lab and production.
 */
package org.underlay.boot;
