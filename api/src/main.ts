console.log('leadlight: the CLI arrives with the API issue');
