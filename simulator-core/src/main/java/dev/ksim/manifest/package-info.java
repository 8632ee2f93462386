/**
 * Reading the user's manifests: multi-document YAML (or JSON) files, directories and standard
 * input, turned into Kubernetes objects and configuration documents, each remembering the file and
 * line of every field so that an error can point at the line at fault.
 */
@NullMarked
package dev.ksim.manifest;

import org.jspecify.annotations.NullMarked;
