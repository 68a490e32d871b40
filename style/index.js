import './base.css';
import './tracking.css';
import './registry.css';
