/** JUnit 5 extensions that start real servers on loopback for flinkext's tests. */
package dev.flinkext.testing;
