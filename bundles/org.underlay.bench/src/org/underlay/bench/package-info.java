/**
 * The benchmarks behind {@code underlay bench} ({@link org.underlay.bench.BenchCommand}): the language and drawings
 * on synthetic designs ({@link org.underlay.bench.design}), and machine control on loopback peers against the field's
 * tools ({@link org.underlay.bench.machines}). Product code, shipped so that anyone can measure on their own machine;
 * nothing else requires it.
 */
package org.underlay.bench;
