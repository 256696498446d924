/**
 * The provider adapter: a typed client for the Request Network API calls the pipeline makes, and the webhook
 * signature codec. Apps bind {@link io.payrecon.requestclient.RequestNetworkProperties} ({@code request.*}) and
 * build one {@link io.payrecon.requestclient.RequestNetworkClient} from it.
 */
package io.payrecon.requestclient;
