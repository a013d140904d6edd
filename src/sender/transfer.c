/*
 * The libcurl handle of ar2c-sender's transfers: one for the process,
 * reset before each transfer, so that the connection to an SMTP server or
 * webhook host stays open from one notice to the next (libcurl reuses it,
 * or opens a new one when the server closed it or the URL changed).
 */
#include "sender/sender.h"

static CURL *handle = NULL;

/* The handle, reset to its defaults; NULL if it cannot be made */
CURL *
transfer_handle(void)
{
	if (handle == NULL)
		handle = curl_easy_init();
	else
		curl_easy_reset(handle);
	return handle;
}

/* Close the connections and free the handle (at exit) */
void
transfer_handle_free(void)
{
	if (handle)
		curl_easy_cleanup(handle);
	handle = NULL;
}
