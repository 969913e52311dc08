/**
 * The Spring Boot starter holds no code: it brings {@code majordomo-runtime}, {@code
 * majordomo-spring-boot-autoconfigure} and Spring Boot's own starter, so that an application
 * declares one dependency. This package exists only so that the starter has sources and Javadoc to
 * publish, as a public repository requires of every artifact; see {@code docs/spring-boot.md}.
 */
package dev.majordomo.spring.starter;
