
    // Do not modify this file by hand!
    // Re-generate this file by running lit-localize

    
    import {str} from '@lit/localize';

    /* eslint-disable no-irregular-whitespace */
    /* eslint-disable @typescript-eslint/no-explicit-any */

    export const templates = {
      's59e38b89c3ff8d6c': str`${0} pts`,
's3d1396b47ff4a56f': `Live`,
'se705475101cb6db2': `Offline: showing the last data`,
'sbfb4681e6d8c0d13': str`Could not load ${0}.`,
's2c8189544e3ea679': `Retry`,
's43b124b5dcec3779': `Excellent`,
'sc40cd77e0d29dbf8': `Good`,
's34be76c6b1eadbef': `Warning`,
'sa45f3300b97dabe8': `Critical`,
'sc85d5f021d3ef3c0': `Churn risk`,
's24f3a319b88552c1': `Low`,
'sac6bdc71f750ac96': `Medium`,
's9deeefd89ca8a81d': `High`,
'sc079305a7d544e25': `Planned`,
's79cc7fe03f673894': `Executed`,
'sbb9d54b62902bf47': `Responded`,
's5033dab8c17f05f2': `Completed`,
's3bb786d3b55ba37c': `Cancelled`,
'sbe9a51f29a4a2c5b': `Successful`,
'sfd3f09178a30db21': `Partially successful`,
'se7d9cf1cc4b21b00': `Unsuccessful`,
's345be9d2d7ce0228': `Usage`,
's703c0aa2d894682e': `Engagement`,
's1d5bb8155f842a8d': `Satisfaction`,
's604c4b084e1ecad6': `Value realization`,
's2d08f118d3f933e8': `seat`,
'sa4318d83a9eb86b1': `adoption`,
's11b17b9125e871a8': `support`,
's36950119c2982220': `NPS`,
's1e1702714db75ac8': `usage`,
's07d38007b49acdd1': `, `,
's49e8e1e86b71eb18': str`${0} or ${1}`,
'sd647793674e265e5': `Automated email`,
'sf0f1f7d7f9f7a3c9': `CSM outreach`,
's6fde768a8e8e21c8': `Training scheduled`,
's14caf661f501c581': `Health check call`,
'sa58ff67e940f5028': `Escalation`,
'sdfa47b9ce9ac1889': `Call`,
'sd1f44f1a8bc20e67': `Email`,
'sa92d9a54f138d96e': `Create task`,
    };
  